"""The widths the SVG chart is drawn at, apart from the drawing: the command
line checks `chart --width` at every start, and the drawing's XML helpers
bring in half of urllib."""

# Narrower, the lanes' labels leave no axis; wider than a poster, a mistyped number.
MIN_WIDTH, MAX_WIDTH = 600, 20_000
