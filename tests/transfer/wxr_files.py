"""WXR files written for the tests: a small builder and a generator of large ones.

All the text is made up for these tests, in Russian, Azerbaijani and English.
"""

from xml.sax.saxutils import escape

SITE = "https://old.example.az"
HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/{version}/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/{version}/">
<channel>
  <title>Старый сайт</title>
  <link>{site}</link>
  <wp:wxr_version>{version}</wp:wxr_version>
  <wp:base_site_url>{site}</wp:base_site_url>
  <wp:base_blog_url>{site}</wp:base_blog_url>
"""
TAIL = "</channel>\n</rss>\n"


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login, display_name):
    return (
        f"<wp:author><wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_display_name>{cdata(display_name)}</wp:author_display_name></wp:author>\n"
    )


def category(nicename, name):
    return (
        f"<wp:category><wp:category_nicename>{escape(nicename)}</wp:category_nicename>"
        f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
    )


def item(
    wp_id,
    *,
    title="",
    content="",
    excerpt="",
    status="publish",
    post_type="post",
    date_gmt="2017-11-25 08:51:00",
    date="2017-11-25 12:51:00",
    name="",
    creator="analyst",
    link=None,
    guid=None,
    categories=(),
    tags=(),
    language=None,
    translations=None,
    meta=None,
    attachment_url="",
):
    """One ``<item>``; ``language``/``translations``: Polylang's taxonomies."""
    link = f"{SITE}/2017/11/25/{name or wp_id}/" if link is None else link
    guid = f"{SITE}/?p={wp_id}" if guid is None else guid
    terms = [("category", nice, text) for nice, text in categories]
    terms += [("post_tag", nice, text) for nice, text in tags]
    if language:
        terms.append(("language", language, language))
    if translations:
        terms.append(("post_translations", translations, translations))
    parts = [
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>",
        f'<guid isPermaLink="false">{escape(guid)}</guid>',
        f"<dc:creator>{cdata(creator)}</dc:creator>",
        f"<content:encoded>{cdata(content)}</content:encoded>",
        f"<excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>",
        f"<wp:post_id>{wp_id}</wp:post_id>",
        f"<wp:post_date>{date}</wp:post_date><wp:post_date_gmt>{date_gmt}</wp:post_date_gmt>",
        f"<wp:post_name>{escape(name)}</wp:post_name><wp:status>{status}</wp:status>",
        f"<wp:post_type>{post_type}</wp:post_type>",
    ]
    if attachment_url:
        parts.append(f"<wp:attachment_url>{escape(attachment_url)}</wp:attachment_url>")
    parts += [
        f'<category domain="{domain}" nicename="{escape(nice)}">{cdata(text)}</category>'
        for domain, nice, text in terms
    ]
    parts += [
        f"<wp:postmeta><wp:meta_key>{escape(key)}</wp:meta_key>"
        f"<wp:meta_value>{cdata(str(value))}</wp:meta_value></wp:postmeta>"
        for key, value in (meta or {}).items()
    ]
    parts.append("</item>\n")
    return "".join(parts)


def attachment(wp_id, path, caption="", alt=""):
    return item(
        wp_id,
        title=path.rsplit("/", 1)[-1],
        excerpt=caption,
        status="inherit",
        post_type="attachment",
        attachment_url=f"{SITE}/wp-content/uploads/{path}",
        link=f"{SITE}/?attachment_id={wp_id}",
        meta={"_wp_attachment_image_alt": alt} if alt else None,
    )


def wxr(*parts, version="1.2", header=""):
    return HEAD.format(version=version, site=SITE) + header + "".join(parts) + TAIL


def write(path, *parts, **options):
    path.write_text(wxr(*parts, **options), encoding="utf-8")
    return path


PARAGRAPH = (
    "Аналитики обсуждают региональные проекты и новые маршруты через Каспий. "
    "Ekspertlər regional layihələri və yeni marşrutları müzakirə edirlər. "
)


def generate(path, posts, *, paragraphs=3, languages=("ru", "az", "en")):
    """Write a WXR of ``posts`` Polylang posts, groups of one per language; return the path."""
    with path.open("w", encoding="utf-8") as file:
        file.write(HEAD.format(version="1.2", site=SITE))
        file.write(author("analyst", "Аналитик Туран"))
        body = "\n\n".join(PARAGRAPH * 2 for _ in range(paragraphs))
        for number in range(1, posts + 1):
            code = languages[number % len(languages)]
            group = (number - 1) // len(languages)
            file.write(
                item(
                    number,
                    title=f"Обзор номер {number} ({code})",
                    content=f"Номер {number}.\n\n{body}",
                    name=f"obzor-{number}",
                    categories=[(f"section-{number % 5}", f"Раздел {number % 5}")],
                    tags=[(f"tag-{number % 50}", f"Тема {number % 50}")],
                    language=code,
                    translations=f"pll_{group}",
                )
            )
        file.write(TAIL)
    return path
