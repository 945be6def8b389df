"""Indonesia's 38 provinces (Kemendagri codes, Kepmendagri 300.2.2-2138/2025) with English names and
the short forms people type, and the map shape each province is drawn in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Province:
    code: str
    name_id: str
    name_en: str
    aliases: tuple[str, ...] = ()


PROVINCES: tuple[Province, ...] = (
    Province("11", "Aceh", "Aceh", ("nad", "nanggroe aceh darussalam")),
    Province("12", "Sumatera Utara", "North Sumatra", ("sumut", "north sumatera")),
    Province("13", "Sumatera Barat", "West Sumatra", ("sumbar", "west sumatera")),
    Province("14", "Riau", "Riau"),
    Province("15", "Jambi", "Jambi"),
    Province("16", "Sumatera Selatan", "South Sumatra", ("sumsel", "south sumatera")),
    Province("17", "Bengkulu", "Bengkulu"),
    Province("18", "Lampung", "Lampung"),
    Province("19", "Kepulauan Bangka Belitung", "Bangka Belitung Islands", ("babel", "bangka belitung")),
    Province("21", "Kepulauan Riau", "Riau Islands", ("kepri",)),
    Province("31", "DKI Jakarta", "Jakarta", ("dki", "daerah khusus ibukota jakarta", "jakarta")),
    Province("32", "Jawa Barat", "West Java", ("jabar",)),
    Province("33", "Jawa Tengah", "Central Java", ("jateng",)),
    Province(
        "34",
        "DI Yogyakarta",
        "Yogyakarta",
        ("diy", "yogyakarta", "jogja", "jogjakarta", "daerah istimewa yogyakarta"),
    ),
    Province("35", "Jawa Timur", "East Java", ("jatim",)),
    Province("36", "Banten", "Banten"),
    Province("51", "Bali", "Bali"),
    Province("52", "Nusa Tenggara Barat", "West Nusa Tenggara", ("ntb",)),
    Province("53", "Nusa Tenggara Timur", "East Nusa Tenggara", ("ntt",)),
    Province("61", "Kalimantan Barat", "West Kalimantan", ("kalbar",)),
    Province("62", "Kalimantan Tengah", "Central Kalimantan", ("kalteng",)),
    Province("63", "Kalimantan Selatan", "South Kalimantan", ("kalsel",)),
    Province("64", "Kalimantan Timur", "East Kalimantan", ("kaltim",)),
    Province("65", "Kalimantan Utara", "North Kalimantan", ("kaltara",)),
    Province("71", "Sulawesi Utara", "North Sulawesi", ("sulut",)),
    Province("72", "Sulawesi Tengah", "Central Sulawesi", ("sulteng",)),
    Province("73", "Sulawesi Selatan", "South Sulawesi", ("sulsel",)),
    Province("74", "Sulawesi Tenggara", "Southeast Sulawesi", ("sultra",)),
    Province("75", "Gorontalo", "Gorontalo"),
    Province("76", "Sulawesi Barat", "West Sulawesi", ("sulbar",)),
    Province("81", "Maluku", "Maluku"),
    Province("82", "Maluku Utara", "North Maluku", ("malut",)),
    Province("91", "Papua", "Papua"),
    Province("92", "Papua Barat", "West Papua", ("pabar",)),
    Province("93", "Papua Selatan", "South Papua"),
    Province("94", "Papua Tengah", "Central Papua"),
    Province("95", "Papua Pegunungan", "Highland Papua"),
    Province("96", "Papua Barat Daya", "Southwest Papua"),
)

PROVINCE_BY_CODE: dict[str, Province] = {province.code: province for province in PROVINCES}

# The vendored boundaries predate the 2022 division of Papua (see static/vendor/indonesia-provinces/NOTICE).
MAP_SHAPE_OF_PROVINCE: dict[str, str] = {"93": "91", "94": "91", "95": "91", "96": "92"}


def province_name(code: str, *, english: bool = False) -> str:
    province = PROVINCE_BY_CODE.get(code)
    if province is None:
        return code
    return province.name_en if english else province.name_id


def map_shape(code: str) -> str:
    return MAP_SHAPE_OF_PROVINCE.get(code, code)


@dataclass(frozen=True)
class Box:
    """Longitude/latitude bounds of the map and the size of the SVG it is drawn into."""

    west: float = 94.8
    east: float = 141.2
    south: float = -11.2
    north: float = 6.2
    width: float = 1000.0

    @property
    def height(self) -> float:
        return round(self.width * (self.north - self.south) / (self.east - self.west), 1)

    def project(self, longitude: float, latitude: float) -> tuple[float, float]:
        """Equirectangular: near the equator the distortion is negligible at this scale."""
        x = (longitude - self.west) / (self.east - self.west) * self.width
        y = (self.north - latitude) / (self.north - self.south) * self.height
        return round(x, 1), round(y, 1)


def svg_path(polygons: list[list[list[list[float]]]], box: Box) -> str:
    """An SVG path for a GeoJSON MultiPolygon's coordinates (outer rings only are kept in the data)."""
    parts: list[str] = []
    for polygon in polygons:
        for ring in polygon:
            points = [box.project(lon, lat) for lon, lat in ring]
            if len(points) < 3:
                continue
            head, *tail = points
            parts.append(f"M{head[0]} {head[1]}" + "".join(f"L{x} {y}" for x, y in tail) + "Z")
    return "".join(parts)
