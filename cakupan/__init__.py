"""Cakupan: BPJS Ketenagakerjaan coverage of cooperative and UMKM workers, by province and district."""
