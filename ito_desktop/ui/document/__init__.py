"""The contract as structured text: building the view, its highlights, gutter labels and find."""
