"""Subscribers in the admin: looked up, corrected or deleted on request.

No one adds an address here: an address is stored only when its owner
confirms the link mailed to it. Superusers see the list; a group needs the
model's view and delete permissions to be given explicitly (personal data).
"""

from django.contrib import admin

from newsletter.models import Subscriber


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "confirmed_at", "last_sent_on"]
    list_filter = ["language", "sections"]
    search_fields = ["email"]
    date_hierarchy = "confirmed_at"
    fields = ["email", "language", "sections", "confirmed_at", "last_sent_on"]
    readonly_fields = ["email", "confirmed_at", "last_sent_on"]
    filter_horizontal = ["sections"]

    def has_add_permission(self, request):
        return False
