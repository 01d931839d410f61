"""Screens of the reader: the main screen (search, list, read) and the help screen."""
