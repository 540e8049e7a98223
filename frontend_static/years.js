// The years a year picker offers: those the server holds data for, the current year, and the
// year on screen (a link may open an empty year), newest last.
import { api } from "./api.js";

export async function pickerYears(shown) {
  const { years } = await api("/api/years");
  return [...new Set([...years, shown])].sort((a, b) => a - b);
}
