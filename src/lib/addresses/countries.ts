// ISO 3166-1 alpha-2 codes (officially assigned), to tell "DE" from "UK" or "XX".
const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW';

export const ISO_COUNTRIES: ReadonlySet<string> = new Set(CODES.split(' '));

/** Countries whose addresses always carry a house number in the street line. */
export const HOUSE_NUMBER_REQUIRED: ReadonlySet<string> = new Set(['DE', 'AT', 'CH', 'NL', 'BE', 'LU', 'DK', 'NO', 'SE', 'FI', 'PL', 'CZ', 'SK', 'HU', 'IT', 'ES', 'PT', 'US', 'CA', 'AU', 'NZ']);

/** A valid postcode per country, for the message (the format is the library's). */
export const POSTCODE_EXAMPLES: Record<string, string> = {
  DE: '10115', AT: '1010', CH: '8001', NL: '1012 AB', BE: '1000', LU: 'L-1111', FR: '75001', IT: '00118', ES: '28001',
  GB: 'SW1A 1AA', IE: 'D02 X285', US: '90210 or 90210-1234', CA: 'K1A 0B1', DK: '1050', SE: '114 55', PL: '00-950', AU: '2000', NZ: '6011'
};
