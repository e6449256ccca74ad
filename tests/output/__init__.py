"""Tests of the renderers (redislint/output/), one module per format or concern."""
