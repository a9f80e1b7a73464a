from django.http import JsonResponse
from django.utils.translation import gettext as _


def index(request):
    return JsonResponse({"message": _("Hello from the polls app")})
