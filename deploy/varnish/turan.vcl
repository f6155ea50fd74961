# Varnish in front of Turan's nginx: the edge cache that `make cluster` runs
# (scripts/cluster.py fills in the words between at signs), and a model for a
# CDN's rules (docs/deploy.md, "A cluster").
#
# Readers' pages are kept as long as Turan's Cache-Control allows shared
# caches (s-maxage: a day with EDGE_PURGE_URL set, never past the next
# scheduled publication). Every change readers can see bans them all at once:
# Turan's purger (manage.py edge_purger) sends BAN when the content version moves.
vcl 4.1;

backend turan {
    .host = "@BACKEND_HOST@";
    .port = "@BACKEND_PORT@";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
    .probe = {
        .url = "/healthz";
        .interval = 2s;
        .timeout = 1s;
        .window = 3;
        .threshold = 2;
    }
}

# Who may purge: the app nodes' purger, on this machine or the private network.
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.X-Content-Version ~ "^[0-9]+$") {
            # The purger's second, narrow ban: only pages Turan rendered at
            # another version than this one (fetched while the first ban was
            # on its way), never the fresh ones nor static files.
            ban("obj.http.X-Content-Version ~ ^[0-9] && obj.http.X-Content-Version != " +
                req.http.X-Content-Version);
            return (synth(200, "Banned stale"));
        }
        # Everything this edge keeps of Turan's pages (a content version is
        # the whole site's, so no finer ban would be right).
        ban("obj.status != 0");
        return (synth(200, "Banned"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Staff (a session) and the admin, probes and the API are never kept here.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=" ||
        req.url ~ "^/(admin|i18n|api)/" || req.url ~ "^/(healthz|readyz)") {
        return (pass);
    }
    # Readers' cookies (the language they chose) never change a page at its
    # address; Turan answers one that would set a cookie as private, never kept.
    return (hash);
}

sub vcl_backend_response {
    if (beresp.http.Cache-Control ~ "private|no-store|no-cache" || beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # An answer that says nothing of caching (a 404, an error page) is never
    # kept: the 404 of a version scheduled for a minute from now must turn
    # into its page at that minute, not at default_ttl's.
    if (!beresp.http.Cache-Control && !beresp.http.Expires) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # A page kept past its s-maxage is served while a fresh one is fetched
    # only when Turan allowed it (stale-while-revalidate, which Varnish turns
    # into grace). Turan leaves it out of a page whose s-maxage ends at a
    # scheduled moment: served stale once, it would hide that publication.
    if (beresp.http.Cache-Control !~ "stale-while-revalidate") {
        set beresp.grace = 0s;
    }
}

sub vcl_deliver {
    # The version a page was rendered at is for the bans above, not for readers.
    unset resp.http.X-Content-Version;
    if (obj.hits > 0) {
        set resp.http.X-Edge-Cache = "HIT";
    } else {
        set resp.http.X-Edge-Cache = "MISS";
    }
}
