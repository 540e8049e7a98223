// Names in the order Chinese readers expect: by pinyin (安 李 王 张), not by code point.
export const PINYIN = new Intl.Collator("zh-Hans-CN-u-co-pinyin");

export const byPinyin = (a, b) => PINYIN.compare(a || "", b || "");
