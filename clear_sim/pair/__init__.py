"""Classroom pair practice: two students at one terminal, one the customer, one the agent.

The flow logic here has no I/O: who plays which role (``session``), how the analyzer's judgement
compares with the people's (``compare``), and the role cards as data, Markdown or HTML (``cards``).
The terminal flow is ``clear_sim.ui.pair``; the command is ``clear_sim.commands.pair``.
"""
