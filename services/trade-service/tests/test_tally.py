"""Daily tallies: after every kind of write through the API they equal a recount of the records, and a rebuild
changes nothing; the indicators read them."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from support import CITY, GUANGSHAN, XINXIAN, create, id_number, move, program, worker_body

from trade_service.indicators.models import DailyTally
from trade_service.indicators.tally import rebuild, recount

WORKERS = "/api/v1/trade/labour/workers"
SHIPMENTS = "/api/v1/trade/shipments"


async def stored(session) -> set[tuple]:
    """The tally rows that count something."""
    t = DailyTally
    rows = (await session.execute(select(t.kind, t.day, t.region_code, t.key, t.region_path, t.n, t.amount))).all()
    return {(*r[:5], r[5], Decimal(r[6]).quantize(Decimal("0.01"))) for r in rows if r[5] or r[6]}


async def expected(session) -> set[tuple]:
    """What a recount of the live records gives."""
    out = set()
    for stmt in recount():
        for r in (await session.execute(stmt)).all():
            out.add((*r[:5], r[5], Decimal(r[6]).quantize(Decimal("0.01"))))
    return out


async def check(session) -> set[tuple]:
    await session.flush()
    now = await stored(session)
    assert now == await expected(session)
    return now


async def figure(client, headers, key: str, period: str = "2021"):
    resp = await client.get("/api/v1/trade/indicators", params={"period": period}, headers=headers)
    assert resp.status_code == 200, resp.text
    return next(i for i in resp.json()["items"] if i["key"] == key)["value"]


async def test_worker_writes_keep_the_tallies(client, roles, session):
    eps = await program(client, roles["city_officer"])
    city = roles["city_officer"]
    base = await figure(client, city, "labour_dispatched")
    worker = await create(client, WORKERS, worker_body(eps["id"], id_number=id_number(GUANGSHAN, seq=401)), city)
    assert await check(session) == await expected(session)
    departed = await move(client, worker, roles["guangshan"], ("trained", "2021-02-01"), ("departed", "2021-03-01"))
    rows = await check(session)
    assert any(
        r[0] == "departure" and r[1].isoformat() == departed["departed_on"] and r[2] == GUANGSHAN and r[5] == 1
        for r in rows
    )
    assert await figure(client, city, "labour_dispatched") == base + 1
    assert await figure(client, roles["guangshan"], "labour_dispatched") >= 1
    # Moving the person to 新县 moves the count; returning leaves the departure counted.
    moved = await client.patch(
        f"{WORKERS}/{worker['id']}", json={"region_code": XINXIAN}, headers={**city, "If-Match": '"3"'}
    )
    assert moved.status_code == 200, moved.text
    await check(session)
    xinxian = await figure(client, roles["xinxian"], "labour_dispatched")
    assert xinxian >= 1
    await move(client, moved.json(), city, ("returned", "2021-09-01"))
    await check(session)
    assert await figure(client, city, "labour_dispatched") == base + 1
    gone = await client.delete(f"{WORKERS}/{worker['id']}", headers={**city, "If-Match": "*"})
    assert gone.status_code == 204
    await check(session)
    assert await figure(client, city, "labour_dispatched") == base
    assert await figure(client, roles["xinxian"], "labour_dispatched") == xinxian - 1


async def test_shipment_writes_keep_the_tallies(client, roles, session):
    city = roles["city_officer"]
    batches = await figure(client, city, "shipment_batches")
    value = Decimal(await figure(client, city, "shipment_goods_value_wan_yuan"))
    body = {
        "region_code": GUANGSHAN,
        "product": "茶叶",
        "channel": "china_europe_railway",
        "train_no": "X1",
        "shipped_on": "2021-05-01",
        "goods_value_wan_yuan": "12.30",
    }
    made = await create(client, SHIPMENTS, body, city)
    await create(client, SHIPMENTS, {**body, "goods_value_wan_yuan": "7.70"}, city)
    await check(session)
    assert await figure(client, city, "shipment_batches") == batches + 2
    assert Decimal(await figure(client, city, "shipment_goods_value_wan_yuan")) == value + Decimal("20.00")
    # A new value, then another day and product: the old contribution is taken off, the new one added.
    patched = await client.patch(
        f"{SHIPMENTS}/{made['id']}", json={"goods_value_wan_yuan": "2.30"}, headers={**city, "If-Match": '"1"'}
    )
    assert patched.status_code == 200, patched.text
    await check(session)
    assert Decimal(await figure(client, city, "shipment_goods_value_wan_yuan")) == value + Decimal("10.00")
    patched = await client.patch(
        f"{SHIPMENTS}/{made['id']}",
        json={"shipped_on": "2020-05-01", "product": "冻鸭肉"},
        headers={**city, "If-Match": '"2"'},
    )
    assert patched.status_code == 200, patched.text
    await check(session)
    assert await figure(client, city, "shipment_batches") == batches + 1
    assert await figure(client, city, "shipment_batches", "2020") >= 1
    gone = await client.delete(f"{SHIPMENTS}/{made['id']}", headers={**city, "If-Match": "*"})
    assert gone.status_code == 204
    await check(session)
    assert Decimal(await figure(client, city, "shipment_goods_value_wan_yuan")) == value + Decimal("7.70")


async def test_rebuild_gives_the_same_tallies(client, roles, session):
    eps = await program(client, roles["city_officer"], code="EPS2")
    w = await create(
        client,
        WORKERS,
        worker_body(eps["id"], region=CITY, id_number=id_number(GUANGSHAN, seq=402)),
        roles["city_officer"],
    )
    await move(client, w, roles["city_officer"], ("trained", "2021-02-01"), ("departed", "2021-02-02"))
    before = await check(session)
    assert before
    await session.run_sync(lambda s: rebuild(s.connection()))
    assert await stored(session) == before


def test_the_service_and_the_seed_install_the_flush_hook():
    # In a fresh interpreter: importing the app or the seed alone must install the hook that keeps the tallies.
    import subprocess
    import sys

    for module in ("trade_service.main", "demo_data.trade"):
        code = (
            f"import sys, {module}; from sqlalchemy import event; from sqlalchemy.orm import Session; "
            "t = sys.modules.get('trade_service.indicators.tally'); "
            "print(t is not None and event.contains(Session, 'before_flush', t._keep_tallies))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "True", (module, out.stderr)
