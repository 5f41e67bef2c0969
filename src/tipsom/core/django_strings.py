"""Django's own form messages that our pages show, marked so our catalogue carries them.

Django ships only a small part of its messages in Urdu; listing them here makes
`makemessages` put them in our catalogue, whose translations take precedence.
"""

from django.utils.translation import gettext_noop

DJANGO_FORM_MESSAGES = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid IPv4 or IPv6 address."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Please correct the errors below."),
]
