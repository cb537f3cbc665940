"""`mandates backup` / `mandates restore`: a round trip gives back every row, the money to the cent and the
uploaded files; a changed, damaged or foreign archive is refused and changes nothing. Runs on SQLite (online
backup API) and PostgreSQL (pg_dump/pg_restore)."""
import io
import json
import tarfile

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum


def _state():
    from mandates.finance.models import Contribution, Expenditure

    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()
              if m._meta.managed and not m._meta.proxy}
    money = (Contribution.objects.aggregate(s=Sum("amount"))["s"], Expenditure.objects.aggregate(s=Sum("amount"))["s"])
    return counts, money


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "uploads").mkdir(parents=True)
    (settings.MEDIA_ROOT / "uploads" / "erp.csv").write_bytes(b"document,amount\nD1,1000.00\n")
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip(tmp_path, media):
    from mandates.finance.models import Contribution
    from mandates.people.tests.matrix_world import build_world
    from mandates.portfolio.models import Project

    build_world()
    before = _state()
    assert before[1][0] is not None and before[0]["portfolio.Project"] == 2
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())

    Contribution.objects.all().delete()
    Project.objects.update(title="changed after the backup")
    (media / "uploads" / "erp.csv").unlink()
    assert _state() != before

    call_command("restore", str(archive), stdout=io.StringIO())
    assert _state() == before
    assert set(Project.objects.values_list("title", flat=True)) == {"MARKA-project", "MARKB-project"}
    assert (media / "uploads" / "erp.csv").read_bytes() == b"document,amount\nD1,1000.00\n"


def _rewrite(archive, target, change):
    """Copy an archive, passing each member's bytes through change(name, data)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_tampered_or_foreign_archive(tmp_path, media):
    from mandates.people.tests.matrix_world import build_world
    from mandates.portfolio.models import Project

    build_world()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    Project.objects.update(title="kept")

    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(archive, tampered, lambda name, data: data.replace(b"1000.00", b"9000.00")
             if name.startswith("media/") else data)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(tampered))

    def other_version(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["migrations"] = manifest["migrations"][:-1]
        return json.dumps(manifest).encode()

    foreign = tmp_path / "foreign.tar.gz"
    _rewrite(archive, foreign, other_version)
    with pytest.raises(CommandError, match="another version"):
        call_command("restore", str(foreign))

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError):
        call_command("restore", str(truncated))
    assert set(Project.objects.values_list("title", flat=True)) == {"kept"}
