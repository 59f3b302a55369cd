// Kontakt bestätigen: the link mailed to a further e-mail address (valid 7 days, single use).

import { confirmLink, siteUrl } from "./confirm-link.js";

export const access = "any";

export function mount(root, context) {
  return confirmLink(root, context, {
    path: "/contacts/emails/confirm",
    success: (answer) =>
      `Die E-Mail-Adresse ${answer.value} ist bestätigt. Anfragen von dieser Adresse ordnen wir ab sofort Ihrem Kundenkonto zu.`,
    missing:
      "Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail vollständig oder kopieren Sie ihn " +
      "ganz in die Adresszeile Ihres Browsers.",
    next: (customer) =>
      customer
        ? ["Zu Ihren weiteren Kontaktdaten", siteUrl("kundencenter/weitere-kontaktdaten/")]
        : ["Zum Kundencenter", siteUrl("kundencenter/")],
    failedLink: (customer) =>
      customer
        ? ["Unter Weitere Kontaktdaten einen neuen Link anfordern", siteUrl("kundencenter/weitere-kontaktdaten/")]
        : ["Anmelden und einen neuen Link anfordern", siteUrl("kundencenter/anmelden/?next=%2Fkundencenter%2Fweitere-kontaktdaten%2F")],
  });
}
