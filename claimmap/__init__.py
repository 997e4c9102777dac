"""claimmap, the application: the command line and the dashboard.

``claimmap.cli`` is the command line, ``claimmap.dashboard`` the Streamlit dashboard.
The domain lives in ``geo``, the map in ``layers``.
"""
