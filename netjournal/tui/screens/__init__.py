"""Full-screen views, one per number key (1 Today … 7 Export), plus help."""
