// Ticket bestätigen (/support/ticket/bestaetigen/#token=…): the link mailed after the public form. Only a
// confirmed ticket reaches the team; the private link to follow it comes in the next mail.

import { confirmLink, siteUrl } from "./confirm-link.js";

export const access = "any";

const NEW_FORM = ["Ein neues Ticket schreiben", siteUrl("support/ticket/")];

export function mount(root, context) {
  return confirmLink(root, context, {
    path: "/public/tickets/confirm",
    success: (answer) =>
      `Vielen Dank, Ihr Ticket #${answer.id} „${answer.subject}“ ist bei unserem Support-Team eingegangen. ` +
      "Wir haben Ihnen eine E-Mail mit einem Link geschickt, über den Sie das Ticket ansehen und beantworten. " +
      "Sie können auch einfach auf unsere E-Mails antworten.",
    missing:
      "Dieser Link ist unvollständig. Bitte öffnen Sie den Link aus der E-Mail vollständig oder kopieren Sie ihn " +
      "ganz in die Adresszeile Ihres Browsers. Hilft das nicht, schreiben Sie ein neues Ticket.",
    next: () => ["Zum Hilfe-Center", siteUrl("")],
    failedLink: () => NEW_FORM,
  });
}
