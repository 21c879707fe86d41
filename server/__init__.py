"""papershelf: Hugging Face Daily Papers as a library you own.

Kept empty on purpose: importing a parser, an exporter or the record loads no Flask. The web
app is made by `server.app.create_app`.
"""
