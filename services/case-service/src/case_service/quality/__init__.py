"""撤单质检: review of rejected, merged, withdrawn and returned cases."""
