from django.http import HttpRequest, HttpResponse


def centre_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("centres")


def region_search(request: HttpRequest) -> HttpResponse:
    return HttpResponse("regions")


def user_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("users")
