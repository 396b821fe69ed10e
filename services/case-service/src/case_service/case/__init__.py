"""Enterprise problems (诉求/交办件) under the 13710 mechanism: lifecycle, timers, timeline."""
