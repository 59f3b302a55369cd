// E-Mail bestätigen: the link mailed to a new login address (valid 24 hours, single use).

import { confirmLink, siteUrl } from "./confirm-link.js";

export const access = "any";

export function mount(root, context) {
  return confirmLink(root, context, {
    path: "/customer/email/confirm",
    success: (answer) =>
      answer?.Message || `Ihre neue E-Mail-Adresse ${answer?.email || ""} ist bestätigt. Sie melden sich ab sofort damit an.`,
    missing:
      "Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail vollständig oder kopieren Sie ihn " +
      "ganz in die Adresszeile Ihres Browsers.",
    next: (customer) =>
      customer
        ? ["Zu Ihren persönlichen Daten", siteUrl("kundencenter/persoenliche-daten/")]
        : ["Mit der neuen E-Mail-Adresse anmelden", siteUrl("kundencenter/anmelden/")],
    failedLink: (customer) =>
      customer
        ? ["E-Mail-Adresse unter Persönliche Daten erneut ändern", siteUrl("kundencenter/persoenliche-daten/")]
        : ["Anmelden und die E-Mail-Adresse erneut ändern", siteUrl("kundencenter/anmelden/?next=%2Fkundencenter%2Fpersoenliche-daten%2F")],
  });
}
