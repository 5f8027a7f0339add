"""Results writing: the cross-source analysis tables and figures, and the manifests."""
