"""Paired support (对口支援): a supporting institution sends a roster of senior staff to hold
clinic days (坐诊) at a supported MCH hospital, at least weekly."""
