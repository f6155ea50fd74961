# Photos from the media library placed in article bodies (<figure data-photo="ID">),
# kept in step by articles.signals like the placed quotes. A write changes the
# content version as a placed quote's does: when the article is public in some
# language (migration 0015's companion function). No body places a photo yet.

import django.db.models.deletion
from django.db import migrations, models

from core.db.operations import ContentVersionTriggers


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0020_content_scopes'),
        ('photos', '0003_content_scopes'),
    ]

    operations = [
        migrations.CreateModel(
            name='Figure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.article')),
                ('photo', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='photos.photo')),
            ],
            options={
                'verbose_name': 'inline figure',
                'verbose_name_plural': 'inline figures',
            },
        ),
        migrations.AddField(
            model_name='article',
            name='figures',
            field=models.ManyToManyField(blank=True, help_text='Kept in step with the photos placed in the body.', related_name='figure_of', through='articles.Figure', to='photos.photo', verbose_name='inline figures'),
        ),
        migrations.AddConstraint(
            model_name='figure',
            constraint=models.UniqueConstraint(fields=('article', 'photo'), name='figure_photo_once'),
        ),
        ContentVersionTriggers(["articles_figure"], function="turan_article_companion_changed"),
    ]
