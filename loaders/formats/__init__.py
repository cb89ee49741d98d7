"""The file formats a workbook comes in, read into sheets of raw cells: a folder of CSV files, one CSV file,
.xlsx, .xls (Excel 97-2003, or an XML spreadsheet or web page saved under that name)."""
