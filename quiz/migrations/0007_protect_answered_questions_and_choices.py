"""A question or a choice that students answered cannot be deleted (``on_delete=PROTECT``).

``Answer.choices`` keeps its table (``quiz_answer_choices``), now declared as the
``AnswerChoice`` model so that its link to a choice can be protected: the database does not
change, only Django's state (PROTECT is enforced by Django, not by the database).
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("quiz", "0006_fill_questionnaire_content_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="answer",
            name="question",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="answers",
                to="quiz.question",
                verbose_name="question",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AnswerChoice",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "answer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="quiz.answer",
                                verbose_name="answer",
                            ),
                        ),
                        (
                            "choice",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                to="quiz.choice",
                                verbose_name="choice",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ticked choice",
                        "verbose_name_plural": "ticked choices",
                        "db_table": "quiz_answer_choices",
                        "unique_together": {("answer", "choice")},
                    },
                ),
                migrations.AlterField(
                    model_name="answer",
                    name="choices",
                    field=models.ManyToManyField(
                        related_name="answers",
                        through="quiz.AnswerChoice",
                        to="quiz.choice",
                        verbose_name="choices",
                    ),
                ),
            ],
        ),
    ]
