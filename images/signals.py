"""The image library's signals, for the apps that use its images.

``image_validating`` is sent by ``Image.clean()`` (form validation) with ``image``, the changed,
unsaved instance: a receiver raises ``ValidationError`` to refuse the change (articles refuses
to empty the alt text of a photo that a published story shows).
"""

from django.dispatch import Signal

image_validating = Signal()
