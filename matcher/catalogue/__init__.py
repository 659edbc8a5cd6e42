"""Reading catalogue folders and spreadsheets into validated records, every problem located."""
