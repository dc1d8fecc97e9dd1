"""The glossary page: every term a reader meets, explained in plain words."""

from django.shortcuts import render

from ..glossary import glossary_sections
from ..models import Category, Party


def glossary(request):
    sections = glossary_sections(Category.objects.select_related("group"), Party.objects.all())
    return render(request, "bills/glossary.html", {"sections": sections})
