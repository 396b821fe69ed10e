"""Photos taken on a visit (走访照片), uploaded from the phone, often after the visit was recorded offline."""
