// Public tracking pages of the common carriers, for a shipment that brings no URL of its own.
const PAGES: Record<string, (n: string, lang: string) => string> = {
  dhl: (n, lang) => `https://www.dhl.de/${lang === 'de' ? 'de' : 'en'}/privatkunden/dhl-sendungsverfolgung.html?piececode=${n}`,
  dpd: (n, lang) => `https://tracking.dpd.de/status/${lang === 'de' ? 'de_DE' : 'en_US'}/parcel/${n}`,
  ups: (n) => `https://www.ups.com/track?tracknum=${n}`,
  gls: (n) => `https://gls-group.com/track/${n}`,
  hermes: (n) => `https://www.myhermes.de/empfangen/sendungsverfolgung/sendungsinformation#${n}`,
  fedex: (n) => `https://www.fedex.com/fedextrack/?trknbr=${n}`
};

/** The shipment's own tracking URL if it has one, else the carrier's page for the number, else null. */
export function carrierTrackingUrl(shipment: { carrier: string; tracking_number: string; tracking_url?: string }, lang: string): string | null {
  if (shipment.tracking_url) return shipment.tracking_url;
  const page = PAGES[shipment.carrier.trim().toLowerCase()] as ((n: string, lang: string) => string) | undefined;
  const number = shipment.tracking_number.trim();
  return page && number ? page(encodeURIComponent(number), lang) : null;
}
