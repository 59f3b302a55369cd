// The pure helpers of portal/ui.js: German dates and amounts, reading the login, password length.
import assert from "node:assert/strict";
import { test } from "node:test";

import { siteModule } from "./site.js";

const ui = await siteModule("assets/javascripts/portal/ui.js");
const NBSP = "\u00a0";

test("amounts in cents read as German euros", () => {
  assert.equal(ui.money(2990), `29,90${NBSP}€`);
  assert.equal(ui.money(0), `0,00${NBSP}€`);
  assert.equal(ui.money(123456789), `1.234.567,89${NBSP}€`);
  assert.equal(ui.money(-1000), `-10,00${NBSP}€`);
});

test("a point in time reads as Berlin time, summer and winter, with its ISO value for machines", () => {
  const summer = ui.dateTime("2026-05-12T12:03:00Z");
  assert.equal(summer.tagName, "TIME");
  assert.equal(summer.textContent, "12.05.2026, 14:03 Uhr");
  assert.equal(summer.getAttribute("datetime"), "2026-05-12T12:03:00.000Z");
  assert.equal(ui.dateTime("2026-12-31T23:30:00Z").textContent, "01.01.2027, 00:30 Uhr");
  assert.equal(ui.dateTime("kein Datum").textContent, "–");
});

test("a calendar date reads as a long German date, the same in every time zone", () => {
  const date = ui.longDate("2027-02-03");
  assert.equal(date.textContent, "Mittwoch, 3. Februar 2027");
  assert.equal(date.getAttribute("datetime"), "2027-02-03");
  assert.equal(ui.longDate("2027-02-03", { weekday: false }).textContent, "3. Februar 2027");
  for (const bad of ["", null, "03.02.2027", "2027-2-3"]) assert.equal(ui.longDate(bad).textContent, "–");
});

test("today in Berlin is an ISO date", () => {
  assert.match(ui.berlinToday(), /^\d{4}-\d{2}-\d{2}$/);
});

test("a login is a Kundennummer (spaces dropped) or an e-mail address, anything else a German hint", () => {
  assert.deepEqual(ui.parseLogin(" 100 001 "), { kind: "number", value: "100001" });
  assert.deepEqual(ui.parseLogin("demo@example.com"), { kind: "email", value: "demo@example.com" });
  assert.match(ui.parseLogin("").problem, /^Bitte geben Sie Ihre E-Mail-Adresse oder Kundennummer ein/);
  assert.match(ui.parseLogin("demo@example").problem, /name@firma\.de/);
  assert.match(ui.parseLogin("Max Mustermann").problem, /Kundennummer/);
});

test("password length counts characters as the server does (code points, spaces kept)", () => {
  assert.equal(ui.passwordLength("ä😀 x "), 5);
  assert.equal(ui.passwordLength(""), 0);
});

test("403, 404, 405 and 501 mean 'not there yet', a foreign origin or a 500 do not", () => {
  for (const status of [403, 404, 405, 501]) assert.equal(ui.isUnavailable({ status }), true, status);
  assert.equal(ui.isUnavailable({ status: 403, code: "ForeignOrigin" }), false);
  assert.equal(ui.isUnavailable({ status: 500 }), false);
  assert.equal(ui.isUnavailable(null), false);
});
