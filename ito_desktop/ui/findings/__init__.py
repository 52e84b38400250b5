"""The findings dock: the tree model, its filter, delegate, summary header and panel."""
