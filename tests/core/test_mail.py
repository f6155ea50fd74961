"""Mail leaves through Django's SMTP backend to a real server (tests/mail.py)."""

import smtplib

import pytest
from django.core.mail import send_mail


def test_a_message_sent_through_django_arrives_at_the_smtp_server(mail_server):
    send_mail("Təsdiq", "Salam, dünya", None, ["reader@example.org"])

    [message] = mail_server.wait_for(1)
    assert message["Subject"] == "Təsdiq"
    assert message.get_content().strip() == "Salam, dünya"
    assert [m["Subject"] for m in mail_server.to("reader@example.org")] == ["Təsdiq"]
    assert mail_server.to("someone-else@example.org") == []


def test_a_refusing_server_is_reported_to_the_sender(mail_server):
    mail_server.refuse()
    with pytest.raises(smtplib.SMTPDataError):
        send_mail("Subject", "Body", None, ["reader@example.org"])
    assert mail_server.messages == []


def test_a_stopped_server_is_a_connection_error(mail_server):
    mail_server.stop()
    with pytest.raises(ConnectionError):
        send_mail("Subject", "Body", None, ["reader@example.org"])
