"""What word processors put on the clipboard as text/html, written for the
paste tests: a heading, a paragraph, a two-by-two table with a bold first row,
a low heading and one image, as Word, Google Docs and LibreOffice lay them out."""

WORD = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<style><!--
p.MsoNormal, li.MsoNormal {mso-style-unhide:no; mso-style-parent:""; margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif; mso-fareast-language:EN-US;}
table.MsoTableGrid {mso-style-name:"Table Grid"; mso-tstyle-rowband-size:0; border:solid windowtext 1.0pt;}
--></style></head>
<body lang=RU style='tab-interval:35.4pt;word-wrap:break-word'>
<!--StartFragment-->
<h1><span lang=RU style='mso-ansi-language:RU'>Экспорт зерна<o:p></o:p></span></h1>
<p class=MsoNormal><span lang=RU style='mso-ansi-language:RU'>Данные министерства сельского хозяйства.<o:p></o:p></span></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;
 mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=319 valign=top style='width:239.25pt;border:solid windowtext 1.0pt;
  mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><b><span lang=RU
  style='mso-ansi-language:RU'>Год<o:p></o:p></span></b></p>
  </td>
  <td width=319 valign=top style='width:239.3pt;border:solid windowtext 1.0pt;
  border-left:none;mso-border-left-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><b><span lang=RU
  style='mso-ansi-language:RU'>Тонн<o:p></o:p></span></b></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=319 valign=top style='width:239.25pt;border:solid windowtext 1.0pt;
  border-top:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><span lang=RU
  style='mso-ansi-language:RU'>2025<o:p></o:p></span></p>
  </td>
  <td width=319 valign=top style='width:239.3pt;border-top:none;border-left:none;
  border-bottom:solid windowtext 1.0pt;border-right:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal align=right style='margin-bottom:0cm;text-align:right;line-height:normal'><span
  lang=RU style='mso-ansi-language:RU'>1 200 000<o:p></o:p></span></p>
  </td>
 </tr>
</table>
<h4><span lang=RU style='mso-ansi-language:RU'>Примечание<o:p></o:p></span></h4>
<p class=MsoNormal><span lang=RU style='mso-ansi-language:RU;mso-no-proof:yes'><!--[if gte vml 1]><v:shape
 id="Picture_x0020_1" o:spid="_x0000_i1025" type="#_x0000_t75" style='width:200pt;height:100pt;visibility:visible'>
 <v:imagedata src="file:///C:/Users/aysel/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png" o:title=""/>
</v:shape><![endif]--><![if !vml]><img width=267 height=133
src="file:///C:/Users/aysel/AppData/Local/Temp/msohtmlclip1/01/clip_image002.png" v:shapes="Picture_x0020_1"><![endif]></span></p>
<!--EndFragment-->
</body>
</html>"""

_GD_TEXT = (
    "font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:transparent;"
    "font-style:normal;font-variant:normal;text-decoration:none;vertical-align:baseline;"
    "white-space:pre;white-space:pre-wrap;"
)
_GD_CELL = (
    "border-left:solid #000000 1pt;border-right:solid #000000 1pt;border-bottom:solid #000000 1pt;"
    "border-top:solid #000000 1pt;vertical-align:top;padding:5pt 5pt 5pt 5pt;overflow:hidden;"
    "overflow-wrap:break-word;"
)
_GD_P = 'dir="ltr" style="line-height:1.2;margin-top:0pt;margin-bottom:0pt;"'


def _gd_cell(text, weight):
    return (
        f'<td style="{_GD_CELL}"><p {_GD_P}><span style="{_GD_TEXT}font-weight:{weight};">'
        f"{text}</span></p></td>"
    )


GOOGLE_DOCS = (
    '<meta charset="utf-8"><b style="font-weight:normal;" '
    'id="docs-internal-guid-5b1c2d3e-7fff-8a9b-0c1d-2e3f4a5b6c7d">'
    '<h1 dir="ltr" style="line-height:1.38;margin-top:20pt;margin-bottom:6pt;">'
    f'<span style="{_GD_TEXT}font-size:20pt;font-weight:400;">Taxıl ixracı</span></h1>'
    '<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;">'
    f'<span style="{_GD_TEXT}font-weight:400;">Kənd Təsərrüfatı Nazirliyinin məlumatı.</span></p>'
    '<br><div dir="ltr" style="margin-left:0pt;" align="left">'
    '<table style="border:none;border-collapse:collapse;">'
    '<colgroup><col width="301"><col width="301"></colgroup><tbody>'
    f'<tr style="height:0pt">{_gd_cell("İl", 700)}{_gd_cell("Ton", 700)}</tr>'
    f'<tr style="height:0pt">{_gd_cell("2025", 400)}{_gd_cell("1 200 000", 400)}</tr>'
    "</tbody></table></div>"
    '<h5 dir="ltr" style="line-height:1.38;margin-top:12pt;margin-bottom:4pt;">'
    f'<span style="{_GD_TEXT}font-weight:400;">Qeyd</span></h5>'
    f'<p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;"><span style="{_GD_TEXT}">'
    '<span style="border:none;display:inline-block;overflow:hidden;width:200px;height:100px;">'
    '<img src="https://lh7-rt.googleusercontent.com/docsz/AD_4nXc9exampleOnlyNeverFetched" '
    'width="200" height="100" style="margin-left:0px;margin-top:0px;"></span></span></p></b>'
)

_LO_CELL = (
    'width="50%" style="border-top: 1px solid #000000; border-bottom: 1px solid #000000; '
    "border-left: 1px solid #000000; border-right: none; padding-top: 0.1cm; "
    'padding-bottom: 0.1cm; padding-left: 0.1cm; padding-right: 0cm"'
)

LIBREOFFICE = (
    '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN"><html><head>'
    '<meta http-equiv="content-type" content="text/html; charset=utf-8"/><title></title>'
    '<meta name="generator" content="LibreOffice 7.4.7.2 (Linux)"/>'
    '<style type="text/css">@page { size: 21cm 29.7cm; margin: 2cm } '
    "p { line-height: 115%; margin-bottom: 0.25cm; background: transparent } "
    "td p { orphans: 2; widows: 2; margin-bottom: 0cm; background: transparent } "
    'h2.western { font-family: "Liberation Sans", sans-serif; font-size: 16pt }</style>'
    '</head><body lang="en-GB" link="#000080" vlink="#800000" dir="ltr">'
    '<h1 class="western">Grain exports</h1>'
    '<p style="line-height: 100%; margin-bottom: 0cm">Figures from the ministry.</p>'
    '<table width="100%" cellpadding="4" cellspacing="0">'
    '<col width="128*"/><col width="128*"/>'
    f'<tr valign="top"><td {_LO_CELL}><p><b>Year</b></p></td>'
    f"<td {_LO_CELL}><p><b>Tonnes</b></p></td></tr>"
    f'<tr valign="top"><td {_LO_CELL}><p>2025</p></td>'
    f'<td {_LO_CELL}><p align="right">1 200 000</p></td></tr>'
    "</table>"
    '<h6 class="western">Note</h6>'
    '<p><img src="file:///tmp/lu4711.tmp/lu4711_1.png" name="Image1" align="bottom" '
    'width="200" height="100" border="0"/></p>'
    "</body></html>"
)
