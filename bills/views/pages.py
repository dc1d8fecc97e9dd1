"""Public pages (placeholders until the public site lands)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from ..models import Bill, Category, Jurisdiction, Party


def home(request):
    return HttpResponse("Face recognition law tracker.")


def bill_list(request):
    return HttpResponse("Bills.")


def bill_detail(request, slug):
    bill = get_object_or_404(Bill.objects.visible_to(request.user), slug=slug)
    return HttpResponse(str(bill))


def topic_list(request):
    return HttpResponse("Topics.")


def topic_detail(request, slug):
    return HttpResponse(str(get_object_or_404(Category, slug=slug)))


def party_list(request):
    return HttpResponse("Parties.")


def party_detail(request, slug):
    return HttpResponse(str(get_object_or_404(Party, slug=slug)))


def jurisdiction_list(request):
    return HttpResponse("Jurisdictions.")


def jurisdiction_detail(request, slug):
    return HttpResponse(str(get_object_or_404(Jurisdiction, slug=slug)))


def about(request):
    return HttpResponse("About.")
