"""What the pages' forms share: a posted form checked at once, and text fields stripped."""

from matcher.errors import InvalidInputError


def checked(form):
    """A posted form whose own checks fail is a 400 naming each field and its problem."""
    if not form.validate_on_submit():
        raise InvalidInputError("; ".join(f"{form[name].label.text} : {' '.join(map(str, errors))}"
                                          for name, errors in form.errors.items()))
    return form


def stripped(value):
    """A field filter: the text without surrounding white space (other values as they are)."""
    return value.strip() if isinstance(value, str) else value
