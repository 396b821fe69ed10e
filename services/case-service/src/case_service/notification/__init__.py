"""Inboxes of users and units: case notices from actions and from the periodic timer check."""
