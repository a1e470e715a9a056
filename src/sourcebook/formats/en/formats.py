"""English interface dates as the archive writes them: 11 October 1959 (Django's own English
default is "Oct. 11, 1959"). Other languages keep Django's formats for their locale."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
