"""Site definitions: one TOML file per outlet under `defs/`, defaults per CMS family under `families/`."""

from newsbot.sites.model import Layout, Listing, SiteDef
from newsbot.sites.registry import all_sites, get_site, load_site_file

__all__ = ["Layout", "Listing", "SiteDef", "all_sites", "get_site", "load_site_file"]
