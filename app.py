"""claimmap dashboard: ``streamlit run app.py`` (``make run``, or ``claimmap serve``)."""

from claimmap.dashboard.page import main

main()
