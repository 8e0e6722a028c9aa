"""The one module that measures. Coordinates are WGS84 lon/lat; every length is in metres.

Point-to-point lengths and bearings are geodesics on the WGS84 ellipsoid
(pyproj.Geod). Distances to a polygon (Mosul's outskirts) and areas are
measured with shapely after projecting to an azimuthal equidistant projection
centred on the objective, which keeps distances within a few hundred km of the
centre accurate to well under 1 %.
"""

from collections import Counter
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Geod, Transformer

GEOD = Geod(ellps="WGS84")


@lru_cache(maxsize=32)
def _aeqd(lon0: float, lat0: float) -> Transformer:
    return Transformer.from_crs(
        "EPSG:4326",
        f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +datum=WGS84 +units=m",
        always_xy=True,
    )


def to_metric(geometry, centre):
    """Project lon/lat geometries to metres around centre (lon, lat)."""
    return shapely.transform(geometry, _aeqd(*centre).transform, interleaved=False)


def project_m(lons, lats, centre):
    """x, y arrays in metres of lon/lat points, in the azimuthal equidistant projection on centre (lon, lat)."""
    x, y = _aeqd(*centre).transform(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    return np.asarray(x), np.asarray(y)


def geodesic_m(lon1, lat1, lon2, lat2):
    """Geodesic distance in metres (arrays broadcast)."""
    return np.asarray(GEOD.inv(lon1, lat1, lon2, lat2)[2])


class Objective:
    """The place a campaign advances on: a centre point and an outskirts polygon (lon/lat WKT)."""

    def __init__(self, centre_lon: float, centre_lat: float, outskirts_wkt: str | None = None):
        self.centre = (float(centre_lon), float(centre_lat))
        self.outskirts = shapely.from_wkt(outskirts_wkt) if outskirts_wkt else None
        self._outskirts_m = to_metric(self.outskirts, self.centre) if self.outskirts is not None else None

    @classmethod
    def of_campaign(cls, campaign: dict) -> "Objective":
        return cls(campaign["centre_longitude"], campaign["centre_latitude"], campaign["outskirts_wkt"])

    def measure(self, lons, lats):
        """Arrays of (km to outskirts, km to centre, bearing in degrees from the centre)."""
        lons = np.asarray(lons, dtype=float)
        lats = np.asarray(lats, dtype=float)
        clon = np.full_like(lons, self.centre[0])
        clat = np.full_like(lats, self.centre[1])
        azimuth, _, centre_m = GEOD.inv(clon, clat, lons, lats)
        bearing = np.mod(np.asarray(azimuth), 360.0)
        if self._outskirts_m is None:
            outskirts_m = centre_m
        else:
            points = to_metric(shapely.points(lons, lats), self.centre)
            outskirts_m = shapely.distance(points, self._outskirts_m)
        return np.asarray(outskirts_m) / 1000.0, np.asarray(centre_m) / 1000.0, bearing

    def measure_one(self, lon: float, lat: float):
        outskirts, centre, bearing = self.measure([lon], [lat])
        return float(outskirts[0]), float(centre[0]), float(bearing[0])

    def outskirts_area_km2(self) -> float:
        return float(shapely.area(self._outskirts_m)) / 1e6 if self._outskirts_m is not None else 0.0


def voronoi_cell_areas_km2(lons, lats, centre, region_radius_km: float):
    """Area (km²) of each point's Voronoi cell, clipped to a circle around centre.

    Cells are built in the metric projection, so areas are in true km².
    Duplicate positions share one cell, split evenly between them.
    """
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    if len(lons) == 0:
        return np.zeros(0)
    points = to_metric(shapely.points(lons, lats), centre)
    region = shapely.Point(0, 0).buffer(region_radius_km * 1000.0, quad_segs=32)
    keys = [(round(x, 1), round(y, 1)) for x, y in shapely.get_coordinates(points)]
    unique = sorted(set(keys))
    if len(unique) == 1:
        cell_area = {unique[0]: shapely.area(region)}
    else:
        cells = shapely.voronoi_polygons(shapely.multipoints(unique), extend_to=region, ordered=True)
        clipped = shapely.intersection(shapely.get_parts(cells), region)
        cell_area = dict(zip(unique, shapely.area(clipped)))
    share = Counter(keys)  # how many points share each cell
    return np.array([cell_area.get(key, 0.0) / share[key] for key in keys]) / 1e6


def voronoi_cells_m(lons, lats, centre, region_radius_km: float):
    """Each point's Voronoi cell in metres (the objective's projection), clipped to the region circle; points
    at one position share one cell (the first gets it, the others an empty polygon)."""
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    region = shapely.Point(0, 0).buffer(region_radius_km * 1000.0, quad_segs=32)
    if len(lons) == 0:
        return np.array([], dtype=object)
    points = to_metric(shapely.points(lons, lats), centre)
    keys = [(round(x, 1), round(y, 1)) for x, y in shapely.get_coordinates(points)]
    unique = sorted(set(keys))
    if len(unique) == 1:
        by_key = {unique[0]: region}
    else:
        cells = shapely.voronoi_polygons(shapely.multipoints(unique), extend_to=region, ordered=True)
        by_key = dict(zip(unique, shapely.intersection(shapely.get_parts(cells), region)))
    out, given = [], set()
    for key in keys:
        out.append(by_key[key] if key not in given else shapely.Polygon())
        given.add(key)
    return np.array(out, dtype=object)


def to_lonlat(geometry_m, centre):
    """Metres in the objective's projection back to lon/lat."""
    back = Transformer.from_crs(_aeqd(*centre).target_crs, "EPSG:4326", always_xy=True)
    return shapely.transform(geometry_m, back.transform, interleaved=False)


def region_area_km2(radius_km: float) -> float:
    return float(shapely.area(shapely.Point(0, 0).buffer(radius_km * 1000.0, quad_segs=32))) / 1e6


def wkt_to_geojson(wkt):
    """A lon/lat WKT geometry as a GeoJSON geometry dict (RFC 7946 order: lon, lat)."""
    return shapely.geometry.mapping(shapely.from_wkt(wkt)) if wkt else None


def sector_lines(campaign) -> list:
    """The axis sector boundaries as lon/lat line coordinates from the centre to the region's edge."""
    lon0, lat0 = campaign["centre_longitude"], campaign["centre_latitude"]
    lines = []
    for axis in campaign["axes"]:
        lon, lat, _ = GEOD.fwd(lon0, lat0, axis["from_deg"], campaign["region_km"] * 1000)
        lines.append({"axis": axis["name"], "bearing": axis["from_deg"], "coordinates": [[lon0, lat0], [lon, lat]]})
    return lines


def circle_wkt(lon, lat, radius_km, segments=32) -> str:
    """A circle of radius_km around a point, as lon/lat WKT (built in metres, projected back)."""
    circle_m = shapely.Point(0, 0).buffer(radius_km * 1000.0, quad_segs=segments // 4)
    back = Transformer.from_crs(_aeqd(lon, lat).target_crs, "EPSG:4326", always_xy=True)
    return shapely.transform(circle_m, back.transform, interleaved=False).wkt


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in km between two points (WGS84)."""
    return float(GEOD.inv(lon1, lat1, lon2, lat2)[2]) / 1000.0
