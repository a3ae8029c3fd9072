"""fluid-rebuild: Fluid's profile-driven rebuild loop (see rebuild/README.md)."""
