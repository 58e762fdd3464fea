"""Test helpers shared by the apps' tests (worlds, factories, registrations); never imported by app code."""
