#!/usr/bin/env python3
"""The upstream double of `just fuzz`: serves the connectors' recorded payloads
(crates/adapters/sources/*/tests/fixtures) on one local port, so the fuzzed server's
ingest and search reach real-shaped upstream answers without leaving the machine.

Routes (the fuzz script points each source's base URL at its prefix):
  /books/v1/volumes/<id>        Google Books volume          volume_mHJ7CwAAQBAJ.json
  /books/v1/volumes?q=…         Google Books search          volumes_search_dune.json
  /tmdb/3/movie/<id>            TMDB film with credits       movie_603_credits_watch_providers.json
  /tmdb/3/tv/<id>               TMDB TV: 404                 error_404_not_found.json
  /tmdb/3/search/movie|tv       TMDB search                  search_movie_godfathers / search_tv_shogun
  POST /oauth2/token            Twitch client credentials    twitch/oauth2_token.json
  POST /igdb/v4/games           IGDB game or search          games_1942.json / games_search_okami.json
  /lastfm/2.0/?method=…         Last.fm track/album getinfo and search
Anything else is a 404 with an empty JSON object.

Usage: fuzz_upstream.py PORT
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

ROOT = Path(__file__).resolve().parent.parent / "crates" / "adapters" / "sources"
LASTFM = {
    "track.getinfo": "track_getinfo_comptine.json",
    "track.search": "track_search_sakura.json",
    "album.getinfo": "album_getinfo_amelie.json",
    "album.search": "album_search_amelie.json",
}


def fixture(source: str, name: str) -> bytes:
    return (ROOT / source / "tests" / "fixtures" / name).read_bytes()


class Upstream(BaseHTTPRequestHandler):
    def answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def route(self, method: str) -> tuple[int, bytes]:
        url = urlparse(self.path)
        path = url.path.rstrip("/")
        query = parse_qs(url.query)
        if path.startswith("/books/v1/volumes/"):
            return 200, fixture("google-books", "volume_mHJ7CwAAQBAJ.json")
        if path == "/books/v1/volumes":
            return 200, fixture("google-books", "volumes_search_dune.json")
        if path.startswith("/tmdb/3/movie/"):
            return 200, fixture("tmdb", "movie_603_credits_watch_providers.json")
        if path.startswith("/tmdb/3/tv/"):
            return 404, fixture("tmdb", "error_404_not_found.json")
        if path == "/tmdb/3/search/movie":
            return 200, fixture("tmdb", "search_movie_godfathers.json")
        if path == "/tmdb/3/search/tv":
            return 200, fixture("tmdb", "search_tv_shogun.json")
        if method == "POST" and path == "/oauth2/token":
            return 200, fixture("igdb", "twitch/oauth2_token.json")
        if method == "POST" and path == "/igdb/v4/games":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8", "replace")
            name = "games_search_okami.json" if "search" in body else "games_1942.json"
            return 200, fixture("igdb", name)
        if path == "/lastfm/2.0":
            method_name = (query.get("method") or [""])[0].lower()
            if method_name in LASTFM:
                return 200, fixture("lastfm", LASTFM[method_name])
        return 404, b"{}"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.answer(*self.route("GET"))

    def do_POST(self) -> None:  # noqa: N802
        self.answer(*self.route("POST"))

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Upstream).serve_forever()
