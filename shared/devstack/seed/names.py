"""Personal names for the demo staff and parties: common surnames and given names, drawn by the
seeded generator, never repeated within a run. Illustrative: nobody real is meant."""

from __future__ import annotations

import random

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚桂英华玉兰萍红建国志民俊峰晓东海波宁凯鹏辉飞云"


class NameBook:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def person(self) -> str:
        while True:
            given = "".join(self._rng.choice(GIVEN) for _ in range(self._rng.choice((1, 2, 2))))
            name = self._rng.choice(SURNAMES) + given
            if name not in self._used:
                self._used.add(name)
                return name
