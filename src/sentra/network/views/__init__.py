"""Pages of the centre network, one module per topic: regions, centres, accounts."""

from sentra.network.views.centres import centre_create, centre_detail, centre_edit, centre_list
from sentra.network.views.regions import region_search
from sentra.network.views.users import (
    user_create,
    user_detail,
    user_edit,
    user_list,
    user_reset_two_factor,
    user_unlock,
)

__all__ = [
    "centre_create",
    "centre_detail",
    "centre_edit",
    "centre_list",
    "region_search",
    "user_create",
    "user_detail",
    "user_edit",
    "user_list",
    "user_reset_two_factor",
    "user_unlock",
]
