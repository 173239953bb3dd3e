"""The floor: a bare Django view rendering a small template, no database, no cache."""

from django.shortcuts import render


def floor(request):
    return render(request, "bench/floor.html", {"items": range(10)})
