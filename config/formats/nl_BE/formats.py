# Dates dd/mm/jjjj and 24-hour times, as the Flemish administration writes them.
# DATETIME_FORMAT is the moment in a sentence ("ingediend op 02/12/2026 om 03:51"),
# SHORT_DATETIME_FORMAT the moment in a table cell; templates name them, never a pattern.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = r"d/m/Y \o\m H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
