from django.db import models


class DemoLoad(models.Model):
    """Marks a database into which ``load_demo`` has loaded its content.

    Later runs then leave the content alone, whatever editors did to it
    since: edited slugs or deleted demo articles do not come back twice.
    """

    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The table the former turan app made; kept so no database needs a rename.
        db_table = "turan_demoload"

    def __str__(self):
        return f"demo content loaded {self.loaded_at:%Y-%m-%d %H:%M}"
