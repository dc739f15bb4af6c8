"""Strings of Django's admin that Django's own Finnish catalogue lacks (Django 5.2).

Marked here so that `makemessages` keeps them in Polku's catalogue, which is read before
Django's (LOCALE_PATHS), and administrators see no English on their screens.
"""

from django.utils.translation import gettext_noop

DJANGO_ADMIN_STRINGS = (
    # Django's Finnish "Muokkaa %s" makes "Muokkaa työntekijä", which is not Finnish.
    gettext_noop("Change %s"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
)
